# SPDX-License-Identifier: GPL-2.0
"""jailhouse-config: YAML configuration language and binary config tooling."""
