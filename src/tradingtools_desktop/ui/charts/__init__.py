"""Price charts (pyqtgraph, imported on first use)."""
