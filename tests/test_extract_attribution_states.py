"""US wire style: the town, then its state as AP abbreviates it ("RYE, N.Y. —"): the town is
the dateline, the state no outlet; wire datelines and outlets keep their reading."""
from __future__ import annotations

import pytest

EN = " A gunman killed three people at a market on Saturday, police said."


@pytest.mark.parametrize("text, wire, dateline", [
    ("RYE, N.Y. —" + EN, None, "Rye"),
    ("ROCKPORT, Mass. — A fishing boat sank off the coast on Saturday.", None, "Rockport"),
    ("MAYFIELD, Ky. — A tornado killed dozens of people on Friday night.", None, "Mayfield"),
    ("MOORE, Okla. — A tornado killed 24 people on Monday, officials said.", None, "Moore"),
    ("NEWTOWN, Conn. —" + EN, None, "Newtown"),
    ("SEASIDE HEIGHTS, N.J. —" + EN, None, "Seaside Heights"),
    ("SHANKSVILLE, Pa. —" + EN, None, "Shanksville"),     # a town the gazetteer lacks
    ("PARADISE, Calif. (AP) — A wildfire destroyed hundreds of homes on Thursday.", "AP",
     "Paradise"),
    ("LAC-MEGANTIC, Que. — A runaway train exploded in the town centre on Saturday.", None,
     "Lac-Megantic"),
])
def test_a_us_state_abbreviated_after_the_town_is_neither_outlet_nor_place(
        attribution, text, wire, dateline):
    assert attribution(text, language="en") == (None, wire, dateline)


@pytest.mark.parametrize("text, found", [
    ("WASHINGTON (AP) —" + EN, (None, "AP", "Washington")),
    ("NEW YORK (Reuters) -" + EN, (None, "Reuters", "New York")),
    ("ELY, Minn. (AP) —" + EN, (None, "AP", "Ely")),
    ("UVALDE, Texas —" + EN, (None, None, "Uvalde")),
    ("WASHINGTON, D.C. —" + EN, (None, None, "Washington")),
    ("N.Y. Times —" + EN, ("N.Y. Times", None, None)),
])
def test_a_wire_dateline_or_an_outlet_with_a_state_keeps_its_reading(attribution, text, found):
    assert attribution(text, language="en") == found
