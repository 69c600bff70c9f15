"""The command palette: every footer binding as a command, and any study card by name."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen


def binding_commands(app: App, screen: Screen) -> Iterable[SystemCommand]:
    """One command per binding the footer shows on `screen`, titled as in the footer."""
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.show or binding.description in seen:
            continue
        seen.add(binding.description)
        display = binding.key_display or app.get_key_display(binding)
        yield SystemCommand(
            binding.description,
            f"Tast: {display or key}",
            partial(active.node.run_action, binding.action),
        )


class StudyCommands(Provider):
    """ "Studie: Heinesen 2011 – The Effects of …" opens the study card."""

    def _studies(self) -> list[tuple[str, str]]:
        assistant = getattr(self.app, "assistant", None)
        if assistant is None:
            return []
        return [(s.key, f"Studie: {s.key} – {s.title}") for s in assistant.corpus.studies]

    async def discover(self) -> Hits:
        for key, title in self._studies()[:5]:
            yield DiscoveryHit(title, partial(self.app.open_study, key), help="Åbn studiekortet")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, title in self._studies():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.open_study, key),
                    help="Åbn studiekortet",
                )
