"""Typed helpers that read settings from the environment.

Every variable read here is listed in `.env.example`; nothing secret has a committed default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return int(value)


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def persistent_secret(var_dir: Path, name: str, generate) -> str:
    """Return a secret kept in `var/`, creating it on first run.

    A fresh checkout then works without configuration, while the secret never enters the
    repository and survives restarts.
    """
    path = var_dir / name
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    value = generate()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its secret
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value)
    return value


def generate_secret_key() -> str:
    return secrets.token_urlsafe(50)


def generate_field_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()
