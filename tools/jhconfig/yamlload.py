# SPDX-License-Identifier: GPL-2.0
"""YAML loading that remembers the line of every mapping, key and list item."""
import yaml


class LoadError(Exception):
    def __init__(self, line, message, hint=None):
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


class Mapping(dict):
    """A dict that knows its own line and the line of each key."""
    line = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines = {}

    def line_of(self, key=None):
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A list that knows its own line and the line of each item."""
    line = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_lines = []

    def line_of(self, index=None):
        if index is not None and index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class LineLoader(yaml.SafeLoader):
    pass


def _line(node):
    return node.start_mark.line + 1


MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct_mapping(loader, node):
    # YAML merge keys (<<: *anchor): flatten_mapping puts the merged pairs
    # first. A key of the mapping itself overrides a merged one (that is
    # what merging is for); only a key written twice is a duplicate.
    own_count = sum(1 for key, _ in node.value if key.tag != MERGE_TAG)
    loader.flatten_mapping(node)
    merged_count = len(node.value) - own_count
    result = Mapping()
    result.line = _line(node)
    own = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in own
        except TypeError:
            raise LoadError(_line(key_node), "a mapping key must be a plain value",
                            "write 'key: value'")
        if duplicate:
            raise LoadError(_line(key_node), f"duplicate key '{key}' "
                            f"(first at line {result.key_lines[key]})",
                            "remove one of the two entries")
        if index >= merged_count:
            own.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = _line(key_node)
    return result


def _construct_sequence(loader, node):
    result = Sequence(loader.construct_object(item, deep=True)
                      for item in node.value)
    result.line = _line(node)
    result.item_lines = [_line(item) for item in node.value]
    return result


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                           _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                           _construct_sequence)


def load(text):
    """Parse YAML text into Mapping/Sequence trees; raises LoadError."""
    try:
        return yaml.load(text, Loader=LineLoader)
    except LoadError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise LoadError(line, f"YAML syntax: {err.problem or err}",
                        "check indentation, colons and brackets") from None
    except yaml.YAMLError as err:
        raise LoadError(None, f"YAML: {err}") from None
