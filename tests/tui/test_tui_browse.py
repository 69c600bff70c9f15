"""Browse, trainer mode, the command palette and the theme switch, driven by keys only."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, TabbedContent
from tui_helpers import screen_text, settle, text_of

from tui.screens.ask import AskScreen
from tui.screens.browse import BrowseScreen
from tui.screens.study import StudyScreen
from tui.screens.trainer import TOUR, TrainerScreen
from tui.widgets.answer_view import AnswerView
from tui.widgets.study_table import StudyTable

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]
SIZE = (120, 40)


async def test_browse_shows_themes_mechanisms_gaps_method_and_studies(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        themes = app.screen.query_one("#list-temaer", OptionList)
        labels = [str(themes.get_option_at_index(i).prompt) for i in range(themes.option_count)]
        assert sum(label.startswith("Tema ") for label in labels) == 5
        assert any("3.4.1 Hvordan virker det?" in label for label in labels)
        await pilot.press("2")
        assert app.screen.query_one("#list-mekanismer", OptionList).option_count == 7
        await pilot.press("3")
        assert app.screen.query_one("#list-videnshuller", OptionList).option_count == 7
        await pilot.press("4")
        await pilot.pause()
        assert "Evidensvægt A" in screen_text(app)
        await pilot.press("5")
        await pilot.pause()
        assert app.screen.query_one(StudyTable).row_count == 29


async def test_study_table_sorts_and_filters_by_theme(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g", "5")
        await pilot.pause()
        table = app.screen.query_one(StudyTable)
        years = [table.get_row_at(i)[1] for i in range(table.row_count)]
        weights = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert weights == sorted(weights, key=lambda w: w != "[HØJ]"), "Høj first"
        await pilot.press("a")
        years = [int(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert years == sorted(years, reverse=True)
        await pilot.press("t")  # theme 1
        await pilot.pause()
        keys = {str(k.value) for k in table.rows}
        assert keys == {s.key for s in app.assistant.corpus.studies if 1 in s.themes}
        assert "tema 1" in text_of(app.screen.query_one("#study-state"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_one_key_asks_about_the_selected_gap(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g", "3", "down", "down", "down", "down")  # gap 5
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, AskScreen)
        answer = app.screen.query_one(AnswerView).answer
        assert answer is not None
        assert answer.knowledge_gap is not None and answer.knowledge_gap.number == 5
        assert "VIDENSHUL 5" in screen_text(app)


async def test_browse_keeps_its_place_between_visits(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g", "2", "down")
        await pilot.press("escape")
        assert isinstance(app.screen, AskScreen)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "mekanismer"
        assert app.screen.query_one("#list-mekanismer", OptionList).highlighted == 1


async def test_trainer_tour_steps_forward_and_back(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert isinstance(app.screen, TrainerScreen)
        shown = screen_text(app)
        assert f"Trin 1 af {len(TOUR)}" in shown
        assert f"Spørgsmål: {TOUR[0].questions[0]}" in shown, "the first question is answered"
        await pilot.press("n")
        await settle(app, pilot)
        assert f"Trin 2 af {len(TOUR)}" in screen_text(app)
        assert app.screen.query_one(AnswerView).answer.question == TOUR[1].questions[0]
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.screen.query_one(AnswerView).answer.question == TOUR[1].questions[1]
        await pilot.press("p")
        await settle(app, pilot)
        assert f"Trin 1 af {len(TOUR)}" in screen_text(app)
        for _ in range(len(TOUR) + 1):
            await pilot.press("right")
        await settle(app, pilot)
        assert f"Trin {len(TOUR)} af {len(TOUR)}" in screen_text(app)
        assert "Videnshuller" in screen_text(app)


async def test_every_footer_action_is_in_the_command_palette(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for keys in ((), ("ctrl+g",), ("ctrl+t",)):
            await pilot.press(*keys)
            await settle(app, pilot)
            screen = app.screen
            titles = {command.title for command in app.get_system_commands(screen)}
            shown = {
                active.binding.description
                for active in screen.active_bindings.values()
                if active.binding.show
            }
            assert shown, "the footer shows bindings"
            assert shown <= titles, shown - titles
            assert {"Gennemse", "Filtre", "Eksport", "Kopiér svar", "Hjælp"} <= titles


async def test_command_palette_opens_a_study_by_name(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Heinesen")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.key == "Heinesen 2011"


async def test_light_and_dark_theme_switch(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first = app.theme
        await pilot.press("ctrl+l")
        assert app.theme != first
        assert {first, app.theme} == {"textual-dark", "textual-light"}
