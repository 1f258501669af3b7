"""The shipped instruments load, have the published structure, and the registry finds files."""

import shutil
from collections import Counter

import pytest

from joinedup.instruments import LIBRARY, InstrumentError, Registry, default_registry


def items_per_section(instrument):
    return dict(Counter(item.section for item in instrument.items))


def test_every_shipped_instrument_loads_and_says_where_it_comes_from():
    registry = default_registry()
    assert registry.keys() == [
        ("barriers-and-principles", "1.0"),
        ("partnership-assessment-tool", "1.0"),
        ("partnership-readiness", "1.0"),
    ]
    for instrument in registry:
        assert instrument.source.strip() and instrument.licence.strip()
        assert "own" in instrument.licence  # the statements are paraphrased, and say so


def test_partnership_assessment_tool_has_six_principles_scored_as_totals():
    pat = default_registry().get("partnership-assessment-tool")
    assert [section.id for section in pat.sections] == [
        "need",
        "purpose",
        "commitment",
        "trust",
        "arrangements",
        "learning",
    ]
    assert items_per_section(pat) == {section.id: 6 for section in pat.sections}
    assert pat.scoring.method == "total"
    assert pat.score_range("need", "rating") == (6, 24)
    bands = pat.band_set_for("trust", "rating")
    assert bands.band_for(24).area == "celebration"
    assert bands.band_for(11).area == "further_work"


def test_readiness_framework_rates_ten_factors_today_and_for_importance():
    readiness = default_registry().get("partnership-readiness")
    assert len(readiness.items) == 10
    assert [d.id for d in readiness.dimensions] == ["today", "importance"]
    assert len(readiness.questions) == 20
    assert readiness.questions[0].id == "values.today"
    assert readiness.questions[1].scale.id == "importance"
    assert readiness.band_set_for("people", "today").id == "readiness"
    assert readiness.band_set_for("people", "importance") is None


def test_barriers_and_principles_framework_has_five_barriers_and_four_principles():
    framework = default_registry().get("barriers-and-principles")
    sections = [section.id for section in framework.sections]
    assert sections[:5] == ["structural", "procedural", "financial", "professional", "status"]
    assert sections[5:] == ["shared-vision", "roles", "incentives", "accountability"]
    # Low is good for a barrier and bad for a principle.
    assert framework.band_set_for("financial", "rating").band_for(1.2).area == "celebration"
    assert framework.band_set_for("roles", "rating").band_for(1.2).area == "further_work"


def test_a_new_file_in_the_folder_is_a_new_instrument_without_code(tmp_path):
    for path in LIBRARY.glob("*.toml"):
        shutil.copy(path, tmp_path)
    text = (LIBRARY / "partnership-readiness.toml").read_text()
    (tmp_path / "readiness-2.toml").write_text(text.replace('version = "1.0"', 'version = "2.0"'))
    registry = Registry.from_folder(tmp_path)
    assert len(registry) == 4
    assert registry.get("partnership-readiness").version == "2.0"
    assert registry.get("partnership-readiness", "1.0").version == "1.0"
    with pytest.raises(KeyError, match="No instrument partnership-readiness version 3.0"):
        registry.get("partnership-readiness", "3.0")


def test_registry_refuses_the_same_id_and_version_in_two_files(tmp_path):
    shutil.copy(LIBRARY / "partnership-readiness.toml", tmp_path / "a.toml")
    shutil.copy(LIBRARY / "partnership-readiness.toml", tmp_path / "b.toml")
    with pytest.raises(InstrumentError, match=r"b\.toml: .*is defined twice \(also in a\.toml\)"):
        Registry.from_folder(tmp_path)
