"""Wagtail's routing, one query per level: a page shown is read with its own fields at once, its class known
from an earlier read; that knowledge is a hint only, and never serves a page that is gone or changed."""

import pytest
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db


def test_the_call_page_costs_seven_queries_once_its_class_is_known(client, site_pages, django_assert_max_num_queries):
    call = site_pages["call"]
    client.get(call.url)

    # Wagtail's site, locale and home (3), the call page with its own fields (1), Wagtail's view restriction
    # check (2) and the page generation (1). Wagtail alone reads the call page twice: as a page, then its fields.
    with django_assert_max_num_queries(7):
        assert client.get(call.url).status_code == 200


def test_a_slug_taken_by_a_page_of_another_class_serves_that_page(client, site_pages):
    call = site_pages["call"]
    home, slug = call.get_parent(), call.slug
    assert client.get(call.url).status_code == 200  # its class is known from here on

    call.delete()
    plain = home.add_child(instance=Page(title="A plain page where the call was", slug=slug))
    plain.save_revision().publish()

    response = client.get(plain.url)
    assert response.status_code == 200
    assert "A plain page where the call was" in response.content.decode()


def test_a_page_unpublished_after_its_class_is_known_is_not_found(client, site_pages):
    call = site_pages["call"]
    assert client.get(call.url).status_code == 200

    call.unpublish()

    assert client.get(call.url).status_code == 404


def test_a_slug_that_names_no_page_is_not_found_and_learnt_nothing(client, site_pages):
    from home import models

    home = site_pages["call"].get_parent()
    known = dict(models._child_classes)

    assert client.get(home.url + "no-such-page/").status_code == 404
    assert client.get(home.url + "no-such-page/below/").status_code == 404
    assert models._child_classes == known


def test_a_slug_known_as_a_plain_page_then_given_to_the_call_serves_the_call(client, site_pages):
    call = site_pages["call"]
    home = call.get_parent()
    plain = home.add_child(instance=Page(title="About us", slug="about"))
    plain.save_revision().publish()
    assert client.get(plain.url).status_code == 200  # known as a plain Page from here on

    plain.delete()
    call.slug = "about"
    call.save_revision().publish()

    # Every page is also a plain Page: the hint must not serve the call as one, without its form.
    response = client.get(home.url + "about/")
    assert response.status_code == 200
    assert 'name="story"' in response.content.decode()


def test_a_private_call_stays_private_once_its_class_is_known(client, site_pages):
    call = site_pages["call"]
    assert client.get(call.url).status_code == 200

    PageViewRestriction.objects.create(page=call, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")

    response = client.get(call.url)
    assert 'name="story"' not in response.content.decode()
    assert 'name="password"' in response.content.decode()
