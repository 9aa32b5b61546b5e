"""Qt widgets of the console: map view, panels, lists, banner."""
