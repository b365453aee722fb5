# SPDX-License-Identifier: GPL-2.0
"""One problem found in a configuration, with where it is and what to do."""


class Finding:
    def __init__(self, path, line, message, hint=None):
        self.path = path
        self.line = line
        self.message = message
        self.hint = hint

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        text = f"{where}: error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ConfigError(Exception):
    """Raised when a file cannot be turned into a configuration at all."""

    def __init__(self, findings):
        super().__init__("\n".join(str(f) for f in findings))
        self.findings = findings
