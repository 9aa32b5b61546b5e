"""Map layers: one pyqtgraph graphics item per kind of thing, each with its own style and level of detail."""
