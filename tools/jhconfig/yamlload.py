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


# A config is a few levels deep and a few thousand values at most
# (256 regions); aliases can make a short file expand to billions of
# values, which the checks and the error messages would then walk.
MAX_DEPTH = 32
MAX_VALUES = 100000


def _children(value):
    if isinstance(value, dict):
        return list(value.keys()) + list(value.values())
    if isinstance(value, list):
        return value
    return []


def _shape(tree):
    """(depth, values) of @tree with every alias counted where it is used;
    each distinct object is walked once and without recursion."""
    done, open_, stack = {}, set(), [(tree, False)]
    while stack:
        value, expanded = stack.pop()
        if id(value) in done:
            continue
        kids = _children(value)
        if not expanded:
            if id(value) in open_:
                raise LoadError(None, "a value contains itself (recursive "
                                "alias)", "an alias (*name) cannot be used "
                                "inside its own anchor (&name)")
            open_.add(id(value))
            stack.append((value, True))
            stack += [(kid, False) for kid in kids if id(kid) not in done]
            continue
        depth, count = 1, 1
        for kid in kids:
            kid_depth, kid_count = done.get(id(kid), (0, 0))
            depth, count = max(depth, kid_depth + 1), count + kid_count
        done[id(value)] = (depth, count)
    return done[id(tree)]


def _check_shape(tree):
    depth, count = _shape(tree)
    if depth > MAX_DEPTH:
        raise LoadError(None, f"values nested {depth} deep (at most "
                        f"{MAX_DEPTH})", "a config nests a few levels: see "
                        "Documentation/config-format.md")
    if count > MAX_VALUES:
        raise LoadError(None, f"{count} values once aliases are expanded "
                        f"(at most {MAX_VALUES})", "use fewer aliases "
                        "(*name) of aliases")


_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
         yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken,
          yaml.BlockEndToken)


def _check_nesting(text):
    """PyYAML's scanner takes time quadratic in the nesting (20,000
    brackets: seconds) and its composer recurses once per level: count
    the levels from the tokens first and stop at the limit."""
    depth = 0
    for token in yaml.scan(text, Loader=LineLoader):
        if isinstance(token, _OPEN):
            depth += 1
        elif isinstance(token, _CLOSE):
            depth -= 1
        if depth > MAX_DEPTH:
            raise LoadError(token.start_mark.line + 1, "values nested more "
                            f"than {MAX_DEPTH} levels deep", "a config "
                            "nests a few levels: see "
                            "Documentation/config-format.md")


def load(text):
    """Parse YAML text into Mapping/Sequence trees; raises LoadError."""
    try:
        _check_nesting(text)
        tree = yaml.load(text, Loader=LineLoader)
    except LoadError:
        raise
    except RecursionError:
        # PyYAML's composer recurses once per level of nesting
        raise LoadError(None, "YAML nested too deeply to be read",
                        "a config nests a few levels: see "
                        "Documentation/config-format.md") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise LoadError(line, f"YAML syntax: {err.problem or err}",
                        "check indentation, colons and brackets") from None
    except yaml.YAMLError as err:
        raise LoadError(None, f"YAML: {err}") from None
    _check_shape(tree)
    return tree
