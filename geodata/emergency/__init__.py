"""Emergency command: the picture around a focus, the record, suggestions and the situation report."""
