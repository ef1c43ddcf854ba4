"""site-builder: a static archival website generator for news archives."""

__version__ = "0.1.0"
