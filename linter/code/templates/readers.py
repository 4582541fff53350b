"""Read a template with its engine's own lexer into the model: Jinja2's `Lexer.tokeniter`, Django's `DebugLexer`."""

from __future__ import annotations

import re

from apptlint.code.templates.model import Chain, Step, Template, Text


class TemplateSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def read(path: str, source: str, engine: str) -> Template:
    return (read_jinja if engine == "jinja" else read_django)(path, source)


def engine_available(engine: str) -> bool:
    try:
        __import__("jinja2" if engine == "jinja" else "django.template.base")
    except ImportError:
        return False
    return True


# ---- Jinja2 ------------------------------------------------------------------------------------------


def _jinja_tokens(path: str, source: str):
    """(offset, type, value) of every token, in the source as written. tokeniter gives lines only, turns
    `\r\n` into `\n` and strips data around `{{-`: so each value is found in the normalised text from where
    the previous one ended, and its offset is mapped back past each collapsed `\r\n`."""
    import bisect

    import jinja2

    normal = source.replace("\r\n", "\n").replace("\r", "\n")
    collapsed = []  # offsets in `normal` after which the source has one more character
    if len(normal) != len(source):
        position = 0
        for match in re.finditer("\r\n", source):
            collapsed.append(match.start() - position)
            position += 1

    def original(at: int) -> int:
        return at + bisect.bisect_right(collapsed, at - 1) if collapsed else at

    env = jinja_environment()
    cursor = 0
    try:
        for _, kind, value in env.lexer.tokeniter(normal, path):
            if not value:
                continue
            at = normal.find(value, cursor)
            if at < 0:  # pragma: no cover - tokeniter returns pieces of the normalised source
                raise TemplateSyntaxError(f"cannot place token {value!r}", None)
            start, end = original(at), original(at + len(value))
            yield start, kind, source[start:end]
            cursor = at + len(value)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateSyntaxError(exc.message or str(exc), exc.lineno) from None


def jinja_environment():
    """An environment with the extensions templates use everywhere (`{% trans %}`, `{% break %}`, `{% do %}`)."""
    import jinja2

    return jinja2.Environment(
        keep_trailing_newline=True, extensions=["jinja2.ext.i18n", "jinja2.ext.loopcontrols", "jinja2.ext.do"]
    )


def read_jinja(path: str, source: str) -> Template:
    import jinja2

    template = Template(path, source, "jinja")
    markup = Text()
    block: list[tuple[int, str, str]] | None = None
    in_raw = False
    for at, kind, value in _jinja_tokens(path, source):
        if kind in ("raw_begin", "raw_end"):
            in_raw = kind == "raw_begin"
            markup.pieces.append((None, ""))
        elif kind == "data":
            if not in_raw:
                markup.pieces.append((at, value))
        elif kind in ("variable_begin", "block_begin"):
            block = []
        elif kind in ("variable_end", "block_end") and block is not None:
            _jinja_expression(template, block, kind == "variable_end")
            markup.pieces.append((None, ""))
            block = None
        elif block is not None and kind != "whitespace":
            block.append((at, kind, value))
    template.texts.append(markup)
    try:  # the lexer accepts what the parser rejects (an unclosed block): a template must parse to be fixed
        jinja_environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        message = exc.message or str(exc)
        if not message.startswith("Encountered unknown tag"):
            raise TemplateSyntaxError(message, exc.lineno) from None
        # A tag of the project's own extension: the expressions are still read, but nothing is rewritten.
        template.unfixable = f"{message} (line {exc.lineno}): a project extension; fixes are not applied"
    return template


def _jinja_expression(template: Template, tokens: list[tuple[int, str, str]], output: bool) -> None:
    context = "output" if output else "other"
    first = tokens[0][2] if tokens else ""
    loop_from = None
    if not output and first == "for":
        loop_from = next((i for i, t in enumerate(tokens) if t[1] == "name" and t[2] == "in"), None)
    elif not output and first in ("if", "elif"):
        context = "test"
    i = 0
    while i < len(tokens):
        at, kind, value = tokens[i]
        previous = tokens[i - 1][2] if i else ""
        if kind == "name" and previous not in (".", "|", "is") and value not in JINJA_WORDS:
            chain, i = _jinja_chain(tokens, i)
            if loop_from is not None:
                chain.context = "loop" if i - len(chain.steps) - 1 > loop_from else "other"
            elif chain.context == "output":
                chain.context = context
            template.chains.append(chain)
            continue
        i += 1
    _jinja_strings(template, tokens)


JINJA_WORDS = frozenset(
    "and or not in is if else elif for endfor endif set endset with endwith block endblock macro endmacro call "
    "endcall filter endfilter include import from as extends true false none True False None loop recursive".split()
)


def _jinja_chain(tokens, i):
    at, _, name = tokens[i]
    chain = Chain(name, at, [])
    i += 1
    while i < len(tokens):
        at, kind, value = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if value == "." and nxt and nxt[1] in ("name", "integer"):
            step_kind = "index" if nxt[1] == "integer" else "attr"
            chain.steps.append(Step(nxt[2], step_kind, at, nxt[0] + len(nxt[2])))
            i += 2
        elif (
            value == "[" and nxt and nxt[1] in ("string", "integer") and i + 2 < len(tokens) and tokens[i + 2][2] == "]"
        ):
            close = tokens[i + 2]
            key, quote = (nxt[2][1:-1], nxt[2][0]) if nxt[1] == "string" else (nxt[2], "")
            chain.steps.append(Step(key, "item" if quote else "index", at, close[0] + 1, quote))
            i += 3
        else:
            break
    while i + 1 < len(tokens) and tokens[i][2] == "|" and tokens[i + 1][1] == "name":
        name_at, _, filter_name = tokens[i + 1]
        called = i + 2 < len(tokens) and tokens[i + 2][2] == "("
        chain.filters.append((filter_name + ("()" if called else ""), tokens[i][0], name_at + len(filter_name)))
        i += 2
        if called:
            break
    if i < len(tokens) and tokens[i][2] == "(":
        chain.context = "other"  # a call on the chain: not a plain read
    return chain, i


def _jinja_strings(template: Template, tokens) -> None:
    """String literals, and each `~` or `+` chain of operands at the top level as one built string."""
    pieces: list[tuple[int | None, str]] = []
    depth = 0
    operand: list[tuple[int, str, str]] = []

    def close_operand():
        if len(operand) == 1 and operand[0][1] == "string":
            at, _, value = operand[0]
            pieces.append((at + 1, _unquote(value)))
        elif operand:
            pieces.append((None, ""))
        operand.clear()

    joined_any = False
    literals: list[Text] = []
    for token in tokens:
        at, kind, value = token
        if kind == "string":
            literals.append(Text([(at + 1, _unquote(value))], in_markup=False))
        if value in "([{" and kind == "operator":
            depth += 1
        elif value in ")]}" and kind == "operator":
            depth -= 1
        if depth == 0 and kind == "operator" and value == "=":
            operand.clear()  # `set u = "..." ~ x`: what is built starts after the `=`
            pieces.clear()
        elif depth == 0 and kind == "operator" and value in ("~", "+"):
            close_operand()
            joined_any = True
        else:
            operand.append(token)
    close_operand()
    if joined_any and any(start is not None for start, _ in pieces):
        template.texts.append(Text(pieces, in_markup=False))  # the built string speaks for its literals
    else:
        template.texts.extend(literals)


def _unquote(literal: str) -> str:
    # The value as written between its quotes: an escape stays as it is, so offsets stay true.
    return literal[1:-1]


# ---- Django ------------------------------------------------------------------------------------------


DJANGO_LOOKUP = re.compile(r"[A-Za-z_][\w]*(?:\.[\w]+)+")


def read_django(path: str, source: str) -> Template:
    from django.template.base import DebugLexer, TokenType

    template = Template(path, source, "django")
    markup = Text()
    skipping: str | None = None  # inside {% comment %} or {% verbatim %}: text, not code
    for token in DebugLexer(source).tokenize():
        start, end = token.position
        contents = token.contents
        inner = start + source[start:end].find(contents) if contents else start
        if token.token_type == TokenType.BLOCK:
            word = contents.split(None, 1)[0] if contents else ""
            if skipping and word == "end" + skipping:
                skipping = None
            elif not skipping and word in ("comment", "verbatim"):
                skipping = word
            elif not skipping:
                _django_block(template, contents, inner, word)
            markup.pieces.append((None, ""))
        elif skipping:
            continue
        elif token.token_type == TokenType.TEXT:
            markup.pieces.append((start, contents))
        elif token.token_type == TokenType.VAR:
            _django_variable(template, contents, inner, "output")
            markup.pieces.append((None, ""))
    template.texts.append(markup)
    seen: set[int] = set()  # a filter argument is read with its filter and again on its own: keep one
    template.chains = [c for c in template.chains if not (c.start in seen or seen.add(c.start))]  # type: ignore[func-returns-value]
    _django_parses(source)
    return template


def _django_variable(template: Template, contents: str, offset: int, context: str) -> None:
    from django.template.base import filter_re

    chain: Chain | None = None
    for match in filter_re.finditer(contents):
        groups = match.groupdict()
        if groups["var"] and chain is None and match.start() == 0:
            chain = _django_chain(groups["var"], offset + match.start("var"), context)
        elif groups["filter_name"] and chain is not None:
            chain.filters.append((groups["filter_name"], offset + match.start(), offset + match.end("filter_name")))
        for name in ("constant", "constant_arg"):
            if groups[name] and groups[name][:1] in "\"'":
                template.texts.append(Text([(offset + match.start(name) + 1, groups[name][1:-1])], in_markup=False))
        if groups["var_arg"] and groups["var_arg"][:1] not in "\"'":
            arg = _django_chain(groups["var_arg"], offset + match.start("var_arg"), "other")
            if arg.steps:
                template.chains.append(arg)
    if chain is not None and chain.steps:
        template.chains.append(chain)


def _django_chain(lookup: str, offset: int, context: str) -> Chain:
    parts = lookup.split(".")
    chain = Chain(parts[0], offset, [], context=context)
    at = offset + len(parts[0])
    for part in parts[1:]:
        chain.steps.append(Step(part, "index" if part.isdigit() else "attr", at, at + 1 + len(part)))
        at += 1 + len(part)
    return chain


def _django_block(template: Template, contents: str, offset: int, word: str) -> None:
    context = {"if": "test", "elif": "test"}.get(word, "other")
    in_at = re.search(r"\bin\b", contents) if word == "for" else None
    strings = [m.span() for m in re.finditer(r"\"[^\"]*\"|'[^']*'", contents)]
    for match in DJANGO_LOOKUP.finditer(contents):
        if any(start <= match.start() < end for start, end in strings):
            continue  # text inside a string literal, not a lookup
        if match.start() and contents[match.start() - 1] == ".":
            continue  # part of a longer name
        here = "loop" if in_at is not None and match.start() > in_at.start() else context
        end = match.end()
        filters = re.match(r"(\|\w+(?::\S+)?)+", contents[end:])
        _django_variable(
            template, contents[match.start() : end + (filters.end() if filters else 0)], offset + match.start(), here
        )
    for match in re.finditer(r"\"([^\"]*)\"|'([^']*)'", contents):
        group = 1 if match.group(1) is not None else 2
        template.texts.append(Text([(offset + match.start(group), match.group(group))], in_markup=False))


def _django_parses(source: str) -> None:
    """Django's parser needs configured settings; the checks it makes that a fix could break are balance of
    `{{ }}`/`{% %}` (the lexer) and of block tags, checked here by name."""
    from django.template.base import DebugLexer, TokenType

    stack: list[tuple[str, int]] = []
    openers = {"for", "if", "with", "block", "comment", "verbatim", "spaceless", "autoescape", "filter", "ifchanged"}
    for token in DebugLexer(source).tokenize():
        if token.token_type != TokenType.BLOCK or not token.contents:
            continue
        word = token.contents.split(None, 1)[0]
        if stack and stack[-1][0] in ("comment", "verbatim") and word != "end" + stack[-1][0]:
            continue
        if word in openers:
            stack.append((word, token.lineno))
        elif word.startswith("end") and word[3:] in openers:
            if not stack or stack[-1][0] != word[3:]:
                raise TemplateSyntaxError(f"unexpected {{% {word} %}}", token.lineno)
            stack.pop()
    if stack:
        word, line = stack[-1]
        raise TemplateSyntaxError(f"unclosed {{% {word} %}}", line)
