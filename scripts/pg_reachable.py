"""Exit 0 when the PostgreSQL server at the given URL answers, 1 otherwise (used by make)."""

import sys

import psycopg

try:
    with psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3):
        pass
except psycopg.Error:
    sys.exit(1)
