"""courtscreen: find the stalking hidden in a court's docket."""

__version__ = "0.1.0"
