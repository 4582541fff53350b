from urllib.parse import urlparse

import pytest

from growth import booking_links

LINKS_PAGE = {
    "data": [
        {
            "client": None,
            "created_at": "2017-09-12T12:34:55Z",
            "expires_at": "2017-10-01T00:00:00Z",
            "id": "bl_d025a96ac0c6d025a96ac0c6",
            "locked_fields": ["provider_id"],
            "max_uses": 5,
            "metadata": {"campaign": "spring"},
            "name": "VIP onboarding",
            "object": "booking_link",
            "providers": [],
            "service_id": "srv_d025a96ac0c6",
            "status": "active",
            "updated_at": "2017-09-13T10:11:12Z",
            "url": "https://example.savvycal.com/c/book/bl_d025a96ac0c6d025a96ac0c6",
            "uses_count": 1,
            "uses_remaining": 4,
        },
        {
            "client": None,
            "id": "bl_00000000000000000000beef",
            "metadata": {"campaign": "autumn"},
            "name": "Autumn promo",
            "object": "booking_link",
            "status": "active",
            "url": "https://savvycal.example-clinic.com/c/book/bl_00000000000000000000beef",
        },
    ],
    "meta": {"current_page": 1, "page_size": 10, "total_count": 2, "total_pages": 1},
}


@pytest.fixture
def link():
    return dict(LINKS_PAGE["data"][0])


def test_shareable_uses_payload_url(link):
    assert booking_links.shareable(link) == link["url"]


def test_url_ends_with_id(link):
    assert link["url"].endswith(link["id"])


def test_default_subdomain(link):
    assert urlparse(link["url"]).hostname == "example.savvycal.com"


def test_legacy_builder(link):
    assert booking_links.shareable_legacy(link["id"]) == f"https://savvycal.com/c/book/{link['id']}"


def test_campaign_map():
    assert booking_links.campaign_links(LINKS_PAGE) == {bl["metadata"]["campaign"]: bl["url"] for bl in LINKS_PAGE["data"]}
