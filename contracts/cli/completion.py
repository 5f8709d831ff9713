"""``skuguard completion bash|zsh|fish``: a shell completion script made from the parser."""

from __future__ import annotations

import argparse
import sys
from typing import Any

SHELLS = ("bash", "zsh", "fish")


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register ``completion``."""
    completion = subparsers.add_parser(
        "completion",
        help="print a shell completion script",
        description=(
            "Print a completion script for SHELL, generated from skuguard's own parser. "
            'bash: `eval "$(skuguard completion bash)"`; zsh: write it to a file named '
            "_skuguard on $fpath; fish: `skuguard completion fish | source`."
        ),
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    completion.set_defaults(run=run_completion)


def run_completion(args: argparse.Namespace) -> int:
    import shtab

    from contracts.cli.main import EXIT_OK, build_parser

    parser = build_parser()
    script = _fish(parser) if args.shell == "fish" else shtab.complete(parser, shell=args.shell)
    try:
        sys.stdout.write(script + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return EXIT_OK


def _fish(parser: argparse.ArgumentParser) -> str:
    """fish completions (shtab covers bash and zsh): commands, then each command's options."""
    lines = ["complete -c skuguard -f"]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                help_text = (
                    next((c.help for c in action._choices_actions if c.dest == name), "") or ""
                )
                lines.append(
                    f"complete -c skuguard -n __fish_use_subcommand -a {name} "
                    f"-d {_quote(help_text)}"
                )
                for option in sub._actions:
                    for flag in option.option_strings:
                        if flag.startswith("--"):
                            lines.append(
                                f"complete -c skuguard -n '__fish_seen_subcommand_from {name}' "
                                f"-l {flag[2:]} -d {_quote(option.help or '')}"
                            )
    return "\n".join(lines)


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
