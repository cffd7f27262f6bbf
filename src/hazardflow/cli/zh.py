"""The CLI's Chinese-first face: help laid out by display width, click's own messages in 中文, and
terminal text with its control characters made visible.

`ZhGroup` is the class of `hazardflow` and of every group under it; a command added to one (by
``@group.command()`` or ``group.add_command(cmd)`` from another module) becomes a `ZhCommand`, so a
new command module gets the same help and the same errors by being registered, with no code of its own.
Help texts are written 中文 first, English after: ``"隐患描述 (the hazard's description)"``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NoReturn

import click
from rich.cells import cell_len

_TOKEN = re.compile(r"\s+|\[[^\]\s]{1,12}\]|[\x21-\x7e]+|.[，。、；：）」』！？》]*")
_GLOSS = re.compile(r"\s*\([A-Za-z][^()]*\)$")
_DEFAULT = re.compile(r"\[default: (.*?)(; required)?\]$|\[required\]$")


def visible(text: str) -> str:
    """``text`` with every control character (C0, DEL, C1: ESC sequences, bells, carriage returns) shown
    as an escape such as ``\\x1b``, so data can never drive the terminal; newlines and tabs are kept."""
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else f"\\x{ord(ch):02x}" for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` display cells (a 中文 character is two): between
    words, and between any two 中文 characters except before closing punctuation (，。、）…)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if token.isspace():
                line += " " if line else ""
                continue
            while cell_len(token) > width:  # a word longer than a line: cut it
                room = width - cell_len(line)
                cut = next(i for i in range(len(token), 0, -1) if cell_len(token[:i]) <= max(room, 1))
                lines.append(line + token[:cut])
                line, token = "", token[cut:]
            if cell_len(line + token) > width and line.strip():
                lines.append(line.rstrip())
                line = ""
            line += token
        lines.append(line.rstrip())
    return lines


def _choices(term: str, width: int) -> list[str]:
    """An option's term (``--omit 罚款|通报|…``) in lines of at most ``width`` cells, broken after a ``|``."""
    lines = [""]
    for piece in re.split(r"(?<=\|)", term):
        if lines[-1] and cell_len(lines[-1] + piece) > width:
            lines.append("    ")
        lines[-1] += piece
    return lines


class ZhFormatter(click.HelpFormatter):
    """Click's help formatter measuring display cells (rich's `cell_len`) instead of characters."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = "用法 (usage)：" if prefix is None else prefix
        indent = " " * (self.current_indent + cell_len(prefix))
        lines = wrap(f"{prog} {args}", max(self.width - len(indent), 20))
        self.write(f"{'':>{self.current_indent}}{prefix}{lines[0]}\n")
        for line in lines[1:]:
            self.write(f"{indent}{line}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, max(self.width - self.current_indent, 20)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((cell_len(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            lines = wrap(text, max(self.width - self.current_indent - first, 16)) if text else [""]
            if cell_len(term) + col_spacing > first:  # a long term: its text starts on the next line
                for part in _choices(term, max(self.width - self.current_indent, 20)):
                    self.write(f"{indent}{part}\n")
                lines = lines if lines[0] else []
            else:
                lines[0] = f"{term}{' ' * (first - cell_len(term))}{lines[0]}".rstrip()
                self.write(f"{indent}{lines.pop(0)}\n")
            for line in lines:
                self.write(f"{indent}{' ' * first}{line}\n")


class ZhContext(click.Context):
    """A context whose help is laid out by `ZhFormatter`."""

    formatter_class = ZhFormatter


class ZhUsageError(click.UsageError):
    """A usage mistake in 中文 first: the error line, then where the help is. Exit code 2."""

    def show(self, file: Any = None) -> None:
        command = self.ctx.command_path if self.ctx is not None else "hazardflow"
        click.echo(f"错误 (error)：{visible(self.message)}\n帮助 (help)：{command} --help", err=True)


def _hint(error: click.MissingParameter | click.BadParameter) -> str:
    if error.param_hint is not None:
        return str(error.param_hint)
    if error.param is not None and error.ctx is not None:
        return error.param.get_error_hint(error.ctx)
    return "参数"


def translated(error: click.UsageError) -> ZhUsageError:
    """Click's English usage error as a 中文 one, the English kept in brackets."""
    english = error.format_message()
    if isinstance(error, click.MissingParameter):
        what = "参数" if isinstance(error.param, click.Argument) else "选项"
        text = f"缺少{what} {_hint(error)}"
        if error.param is not None and getattr(error.param, "help", None):
            text += f"：{error.param.help}"
    elif isinstance(error, click.NoSuchOption):
        text = f"没有选项 {error.option_name}"
        if error.possibilities:
            text += f"；是否想用 {'、'.join(sorted(error.possibilities))}？"
    elif isinstance(error, click.BadOptionUsage):
        text = f"选项 {error.option_name} 用法有误"
        if "requires an argument" in english:
            text = f"选项 {error.option_name} 需要一个值"
    elif isinstance(error, click.BadParameter):
        text = f"取值无效 {_hint(error)}"
        if error.param is not None and isinstance(error.param.type, click.Choice):
            text += f"：应为 {'、'.join(map(str, error.param.type.choices))} 之一"
    elif isinstance(error, click.BadArgumentUsage) or "unexpected extra argument" in english:
        text = "多余的参数"
    else:
        text = "用法有误"
    return ZhUsageError(f"{text} ({english.rstrip('.')})", error.ctx)


def _label(param: click.Parameter, ctx: click.Context) -> str | None:
    """The 中文 label of ``param``'s default when its type reads it as a labelled enum member
    (``--role`` defaulting to ``GOVERNMENT`` is shown as 党委政府)."""
    default = param.get_default(ctx, call=False)
    if not isinstance(default, str):
        return None
    try:
        label = getattr(param.type.convert(default, param, ctx), "label", None)
    except click.BadParameter:
        return None
    return label if isinstance(label, str) else None


def _help_record(record: tuple[str, str], label: str | None = None) -> tuple[str, str]:
    """An option's help line with click's English ``[default: …; required]`` in 中文 (the default by its
    ``label`` when it has one)."""
    term, text = record

    def say(match: re.Match[str]) -> str:
        if match.group(0) == "[required]":
            return "[必填]"
        return f"[默认：{label or match.group(1)}{'；必填' if match.group(2) else ''}]"

    return term, _DEFAULT.sub(say, text)


class ZhCommand(click.Command):
    """A command whose help, usage and errors are 中文 first."""

    context_class = ZhContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出 (show this message and exit)"
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [_help_record(r, _label(p, ctx)) for p in self.get_params(ctx)
                   if not isinstance(p, click.Argument) and (r := p.get_help_record(ctx)) is not None]
        if records:
            with formatter.section("选项 (options)"):
                formatter.write_dl(records)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except ZhUsageError:
            raise
        except click.UsageError as error:
            raise translated(error) from None


def short_help(command: click.Command, limit: int) -> str:
    """A command's one-line summary: its ``short_help``, else its help up to the first 。 or line end,
    cut to ``limit`` display cells (the English in brackets left out first)."""
    text = command.short_help or (command.help or "").strip().split("\n")[0]
    text = re.split(r"(?<=[。；])", text, maxsplit=1)[0].rstrip("。；")
    if cell_len(text) > limit:
        text = _GLOSS.sub("", text)
    if cell_len(text) > limit:
        while cell_len(text + "…") > limit:
            text = text[:-1]
        text += "…"
    return text


class ZhGroup(ZhCommand, click.Group):
    """A group of `ZhCommand`s (and `ZhGroup`s): commands added from anywhere get the 中文 face."""

    command_class = ZhCommand
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Add ``cmd``; a plain click command or group made elsewhere takes the 中文 face, with the commands
        already in it (the classes add behaviour only, no state, so each object is kept as it is)."""
        adopt(cmd)
        super().add_command(cmd, name)


    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(cell_len(name) for name, _ in commands)
            with formatter.section("命令 (commands)"):
                formatter.write_dl([(name, short_help(cmd, limit)) for name, cmd in commands])

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                             list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            known = "、".join(self.list_commands(ctx))
            raise ZhUsageError(f"没有命令 {args[0]!r}；可用命令：{known} ({error.format_message().rstrip('.')})",
                               ctx) from None


def adopt(cmd: click.Command) -> None:
    """Give a plain click command, or a group and everything in it, the 中文 face."""
    if type(cmd) is click.Group:
        cmd.__class__ = ZhGroup
        if cmd.subcommand_metavar == "COMMAND [ARGS]...":
            cmd.subcommand_metavar = "命令 [参数]..."
        for sub in cmd.commands.values():
            adopt(sub)
    elif type(cmd) is click.Command:
        cmd.__class__ = ZhCommand
    if cmd.options_metavar == "[OPTIONS]":
        cmd.options_metavar = "[选项]"

def fail(message: str, ctx: click.Context | None = None) -> NoReturn:
    """Stop with a 中文 usage error (exit code 2)."""
    raise ZhUsageError(message, ctx or click.get_current_context(silent=True))
