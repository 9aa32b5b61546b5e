"""The application: main window, modes, actions, wiring, settings."""
