# SPDX-License-Identifier: GPL-2.0
"""Reads a configuration file, YAML or binary, into a checked model."""
from . import binfmt, checks, model, schema, sniff, yamlload
from .findings import ConfigError, Finding


def load_config(path, yaml_only=False):
    """Return a Config from a YAML or binary file without semantic checks;
    raises ConfigError when the file cannot be understood (syntax, types,
    keys, binary layout, another format) and OSError when it cannot be
    read. @yaml_only: a compiled config is refused too (build's input)."""
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(binfmt.MAGIC[:4]) and not yaml_only:
        return binfmt.decode(data, path)
    what = sniff.describe(data)
    if what:
        raise ConfigError([Finding(path, None, f"this is {what[0]}",
                                   what[1])])
    return _from_yaml(data, path)


def read_config(path, yaml_only=False):
    """load_config plus the semantic checks of the file on its own."""
    config = load_config(path, yaml_only)
    findings = checks.check_config(config)
    if findings:
        raise ConfigError(findings)
    return config


def _from_yaml(data, path):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError([Finding(path, None, f"not UTF-8 text ({err})",
                                   "YAML files are UTF-8")]) from None
    try:
        tree = yamlload.load(text)
    except yamlload.LoadError as err:
        raise ConfigError([Finding(path, err.line, err.message,
                                   err.hint)]) from None
    findings = schema.validate(tree, path)
    if findings:
        raise ConfigError(findings)
    return model.from_tree(tree, path)
