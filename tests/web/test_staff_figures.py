"""The follow-up figures: the page's charts with tables, the CSV export without personal data, the period."""

from __future__ import annotations

import csv
import io
import re

from bot.staff import audit
from tests.web.conftest import World


def _close(world: World, ref: str, outcome: str) -> None:
    client = world.signed_in("samordnare")
    page = client.get(f"/personal/arenden/{ref}")
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post(f"/personal/arenden/{ref}/avsluta",
                           data={"csrf_token": page.csrf(), "version": version, "outcome": outcome})
    assert response.status == 303


def test_figures_page_has_charts_with_tables(world: World) -> None:
    _close(world, world.refs["A"], "advice_given")
    page = world.signed_in("samordnare").get("/personal/uppfoljning").text
    assert '<svg class="chart" role="img" aria-label="Ärenden per målgrupp"' in page
    assert "<caption>Ärenden per målgrupp</caption>" in page
    assert "Demenssjukdom" in page and "Missbruk och beroende" in page
    assert "Råd, information och vägledning" in page
    assert "Anna" not in page and "070" not in page


def test_csv_export_has_no_personal_data_and_hides_small_counts(world: World) -> None:
    _close(world, world.refs["A"], "advice_given")
    client = world.signed_in("samordnare")
    response = client.get("/personal/uppfoljning.csv?fran=2026-11-01&till=2026-11-30")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.text.lstrip("\ufeff")
    for personal in ("Anna", "070", "+46", world.refs["A"], world.refs["B"], "script", "lunch"):
        assert personal not in text
    assert not re.search(r"\bBo\b", text)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Mått", "Kategori", "Värde"]
    values = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert values[("Ärenden", "Totalt")] == "2"
    assert values[("Målgrupp", "Demenssjukdom")] == "<5"
    assert values[("Utfall", "Råd, information och vägledning")] == "<5"
    assert values[("Status", "Tagen")] == "0"  # zero is nobody and is shown
    actions = [e.action for e in audit.list_entries(world.session_factory, "ekero",
                                                     actor="samordnare")]
    assert "figures.exported" in actions


def test_figures_period_is_validated(world: World) -> None:
    client = world.signed_in("samordnare")
    assert client.get("/personal/uppfoljning?fran=2026-12-01&till=2026-11-01").status == 400
    assert client.get("/personal/uppfoljning?fran=igår").status == 400
