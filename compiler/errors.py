"""Errors raised at conversion time, naming the user's file and line."""
from __future__ import annotations


class NotConvertibleError(Exception):
    """np2tf cannot compile this code (and says which line, and why)."""

    def __init__(self, message: str, filename: str | None = None, line: int | None = None,
                 source_line: str | None = None):
        where = f"{filename}:{line}: " if filename and line else ""
        text = f"{where}{message}"
        if source_line:
            text += f"\n    {source_line.strip()}"
        super().__init__(text)
        self.filename, self.line = filename, line
