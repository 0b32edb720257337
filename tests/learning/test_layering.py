"""Learning stands above community: learning may use community's services and selectors, but
community names nothing of learning (not by import, not by URL name, not by template); learning
adds its links to the community menu through community.navigation."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_IMPORT = re.compile(r"^\s*(from\s+learning[\s.]|import\s+learning\b)", re.MULTILINE)
TEMPLATE_NAMING = re.compile(r"""['"]learning[:/]""")


def test_community_code_imports_nothing_of_learning():
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "community").rglob("*.py")
                 if PYTHON_IMPORT.search(path.read_text())
                 or TEMPLATE_NAMING.search(path.read_text())]
    assert offenders == []


def test_community_templates_name_no_learning_page_or_template():
    offenders = [str(path.relative_to(ROOT))
                 for path in (ROOT / "templates" / "community").rglob("*.html")
                 if TEMPLATE_NAMING.search(path.read_text())]
    assert offenders == []


def test_the_community_menu_and_overview_show_learning_pages(client, traveller):
    client.force_login(traveller)
    html = client.get("/community/").content.decode()
    for path in ("/community/trainingen/", "/community/promptathons/",
                 "/community/key-users/", "/community/toolkit/"):
        assert html.count(f'href="{path}"') == 2  # the community menu and the overview
