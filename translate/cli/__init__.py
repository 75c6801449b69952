"""The ``bireader`` command line: the group, its commands, and commands of other packages.

Each command lives in its own module and imports the heavy parts (models,
Ray, the benchmark) only when it runs, so ``bireader --help`` starts fast.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

import click

from .. import __version__
from .bench import bench
from .compare import compare
from .feeds import feeds, library, refresh
from .translate import translate


class PluginGroup(click.Group):
    """Subcommands of other packages (the reader), found by entry point and loaded on use.

    This keeps the library free of any import of the UI.
    """

    def _plugins(self) -> dict[str, EntryPoint]:
        return {ep.name: ep for ep in entry_points(group="bireader.commands")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._plugins()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and (plugin := self._plugins().get(name)):
            loaded = plugin.load()
            command = loaded if isinstance(loaded, click.Command) else None
        return command


@click.group(
    cls=PluginGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="bireader")
@click.option(
    "--verbose", "-v", is_flag=True, help="Also show the libraries' own warnings, logs and bars."
)
def main(verbose: bool) -> None:
    """Read Indonesian news with an English translation beside every paragraph.

    Translations come from an offline neural model (Marian opus-mt or
    NLLB-200) and are kept in a cache, so nothing is translated twice.
    """
    from ..logs import quiet_process, set_verbose

    if verbose:
        set_verbose()
    quiet_process()


main.add_command(translate)
main.add_command(compare)
main.add_command(bench)
main.add_command(feeds)
main.add_command(refresh)
main.add_command(library)
