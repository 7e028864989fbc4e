"""Teams (班组) for the score by team: one team per person and site."""
from tests.fixtures import api_token

from .helpers import make_site


def test_sixs_a_person_is_in_one_team(app, client):
    site, other = make_site(app), make_site(app)
    headers = api_token(client, f"{site.code}-manager")
    first = client.post("/api/v1/sixs_team_member/", headers=headers,
                        json={"person_id": site.people[0], "team": "机修一组"})
    assert first.status_code == 201, first.json
    again = client.post("/api/v1/sixs_team_member/", headers=headers,
                        json={"person_id": site.people[0], "team": "机修二组"})
    assert again.status_code == 422
    foreign = client.post("/api/v1/sixs_team_member/", headers=headers,
                          json={"person_id": other.people[0], "team": "机修一组"})
    assert foreign.status_code == 422
    blank = client.post("/api/v1/sixs_team_member/", headers=headers,
                        json={"person_id": site.people[1], "team": "  "})
    assert blank.status_code == 422
    tech = api_token(client, f"{site.code}-tech")
    assert client.get("/api/v1/sixs_team_member/", headers=tech).status_code == 403
