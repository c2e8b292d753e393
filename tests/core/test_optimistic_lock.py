"""Two staff edit the same record: the second is told it changed, nothing is overwritten."""

from apps.party.models import Organisation


def _post(client, org, name, version):
    return client.post(
        f"/admin/party/organisation/{org.pk}/change/",
        {
            "name": name,
            "kind": org.kind,
            "region": org.region_id,
            "setup_type": org.setup_type,
            "status": org.status,
            "lock_version": version,
            "posts-TOTAL_FORMS": 0,
            "posts-INITIAL_FORMS": 0,
            "co_managers-TOTAL_FORMS": 0,
            "co_managers-INITIAL_FORMS": 0,
        },
    )


def test_the_second_editor_is_told_the_record_changed(client, cast):
    org = cast.branch
    assert org.version == 0
    client.force_login(cast.staff)
    # Both opened the form at version 0; the first saves.
    first = _post(client, org, "东关社区“常青藤”党支部（更名）", 0)
    assert first.status_code == 302, first.content.decode()[:2000]
    org.refresh_from_db()
    assert org.version == 1
    client.force_login(cast.district)
    second = _post(client, org, "东关社区党支部（覆盖）", 0)
    assert second.status_code == 200
    assert "该记录已被他人修改" in second.content.decode()
    org.refresh_from_db()
    assert org.name == "东关社区“常青藤”党支部（更名）"
    assert org.version == 1


def test_the_form_carries_the_current_version(client, cast):
    Organisation.objects.filter(pk=cast.branch.pk).update(version=7)
    client.force_login(cast.staff)
    response = client.get(f"/admin/party/organisation/{cast.branch.pk}/change/")
    assert 'name="lock_version" value="7"' in response.content.decode()
