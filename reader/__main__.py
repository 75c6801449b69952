from .cli import read

read(prog_name="python -m reader")
