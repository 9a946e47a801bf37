"""RefDesk: a desktop reference manager for biomedical researchers."""

__version__ = "0.1.0"
