"""The edge: the `evidens` command line and the Textual app."""
