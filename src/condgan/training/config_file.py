"""Command options from a TOML file: ``condgan train --config run.toml``.

Every option of a command has a key: its long name with ``_`` or ``-``
(``batch_size`` or ``batch-size``; flags take ``true``/``false``). Options
given on the command line win over the file; the file wins over the defaults.
A ``[trainer]`` table may also set :class:`~condgan.training.TrainConfig`
fields that have no option (``lr_g``, ``ema_decay``, ...). Paths are read
relative to the working directory, as on the command line.

TOML is read with the standard library's ``tomllib`` (Python 3.11+), or
``tomli`` when installed on Python 3.10.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from condgan.files import atomic_write_text

__all__ = ["TRAINER_TABLE", "apply_config", "config_keys", "read_toml", "to_toml", "write_toml"]

#: The table of a config file holding :class:`~condgan.training.TrainConfig` fields.
TRAINER_TABLE = "trainer"
#: Options that are about the config itself, never keys of it.
_META = frozenset({"config", "print_config", "func", "command", "help"})


def read_toml(path: str | Path) -> dict[str, Any]:
    """The contents of a TOML file.

    Raises:
        FileNotFoundError: no such file.
        ValueError: invalid TOML (line named), or Python 3.10 without ``tomli``.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"config file not found: {path}")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - depends on the interpreter
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise ValueError(
                f"reading {path} needs Python 3.11+ (tomllib) or `pip install tomli` on 3.10"
            ) from None
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"config file {path} is not valid TOML: {err}") from None


def _actions(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    # argparse has no public list of a parser's actions; _actions is stable since 3.2
    return {a.dest: a for a in parser._actions if a.dest not in _META | {argparse.SUPPRESS}}


def config_keys(parser: argparse.ArgumentParser) -> list[str]:
    """The keys a config file of this command may hold (one per option, in order)."""
    return list(_actions(parser))


def _coerce(action: argparse.Action, key: str, value: Any, source: str) -> Any:
    if isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction)):
        if not isinstance(value, bool):
            raise ValueError(f"{source}: {key} must be true or false, got {value!r}")
        return value
    if isinstance(value, (dict, list)) or isinstance(value, bool):
        raise ValueError(f"{source}: {key} must be a single value, got {value!r}")
    kind = action.type  # a class (int, Path) or a parser such as condgan.errors.at_least(1)
    if kind is not None and not (isinstance(kind, type) and isinstance(value, kind)):
        try:
            value = kind(str(value)) if kind is not int else int(value)  # type: ignore[misc]
        except argparse.ArgumentTypeError as err:
            raise ValueError(f"{source}: {key} {err}") from None
        except (TypeError, ValueError):
            raise ValueError(
                f"{source}: {key} must be a {getattr(kind, '__name__', 'value')}, got {value!r}"
            ) from None
        if action.type is int and isinstance(value, float):
            raise ValueError(f"{source}: {key} must be an integer, got {value!r}")
    if action.choices is not None and value not in action.choices:
        raise ValueError(f"{source}: {key} must be one of {list(action.choices)}, got {value!r}")
    return value


def apply_config(
    parser: argparse.ArgumentParser, args: argparse.Namespace, config: dict[str, Any], source: str
) -> dict[str, Any]:
    """Fill ``args`` from ``config`` where the command line left an option unset (``None``).

    Returns:
        The ``[trainer]`` table (TrainConfig fields), ``{}`` when absent.

    Raises:
        ValueError: an unknown key (the known ones listed) or a value of the wrong type.
    """
    actions = _actions(parser)
    trainer = config.get(TRAINER_TABLE, {})
    if not isinstance(trainer, dict):
        raise ValueError(f"{source}: [{TRAINER_TABLE}] must be a table, got {trainer!r}")
    for raw, value in config.items():
        if raw == TRAINER_TABLE:
            continue
        key = raw.replace("-", "_")
        if key not in actions:
            raise ValueError(
                f"{source}: unknown key {raw!r}; known keys: {sorted(actions)} and a "
                f"[{TRAINER_TABLE}] table of TrainConfig fields"
            )
        if getattr(args, key, None) is None:
            setattr(args, key, _coerce(actions[key], raw, value, source))
    return dict(trainer)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def to_toml(values: dict[str, Any], trainer: dict[str, Any] | None = None) -> str:
    """``values`` (``None`` entries left out, as comments) and a ``[trainer]`` table as TOML."""
    lines = []
    for key, value in values.items():
        if key in _META:
            continue
        lines.append(f"# {key} =" if value is None else f"{key} = {_toml_value(value)}")
    if trainer:
        lines += ["", f"[{TRAINER_TABLE}]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in trainer.items() if v is not None]
    return "\n".join(lines) + "\n"


def write_toml(text: str, path: str | Path) -> Path:
    """Write ``text`` to ``path`` atomically (a temporary file, then a rename)."""
    return atomic_write_text(path, text)
