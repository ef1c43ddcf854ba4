"""Sources, wires and datelines on real openings of the development set."""
from __future__ import annotations

import pytest

from site_builder.extract.attribution import find_attribution


@pytest.mark.parametrize("text, source, wire, dateline", [
    ("GAZA, KOMPAS.com - Setidaknya 17 warga Palestina tewas ... data yang dikumpulkan "
     "Anadolu.", "KOMPAS.com", "Anadolu", "Gaza"),
    ("KOMPAS.com -- Sedikitnya 40 orang tewas ... dilansir BBC.", "KOMPAS.com", None, None),
    ("Liputan6.com, Gaza -Tembakan tank Israel ... seperti dikutip dariAFP,Selasa (17/6).",
     "Liputan6.com", "AFP", "Gaza"),
    ("Jakarta, CNN Indonesia -- Pasukan ... Seperti dilansir Associated Press, Senin (13/1).",
     "CNN Indonesia", "AP", "Jakarta"),
    ("Jakarta (ANTARA) - The Indonesia Stock Exchange said on Monday.", "ANTARA", None,
     "Jakarta"),
    ("NEW YORK (Reuters) - Two of America's leading auctioneers of guns said.", None,
     "Reuters", "New York"),
    ("ANKARA, Turkey — A boat carrying Syrians struck rocks, she told the AP.", None, "AP",
     "Ankara"),
    ("Baku, Gatra.com - Presiden Azerbaijan ...\nDikutip AFP, Minggu (1/11), pertempuran.",
     "Gatra.com", "AFP", "Baku"),
])
def test_dateline_source_and_wire(text, source, wire, dateline):
    found = find_attribution(text, "id")
    assert (found.source, found.wire, found.dateline) == (source, wire, dateline)


def test_a_data_company_is_not_a_wire():
    found = find_attribution("NEW YORK Earnings fell, according to Thomson Reuters data.", "en")
    assert found.wire is None


def test_glued_self_reference_names_the_outlet():
    text = "Kelompok kriminal menembak warga, ujar Kaops dilansirdetikSulsel, Jumat (20/6/2025)."
    assert find_attribution(text, "id").source == "detikSulsel"
