"""GraphiQL and the API documentation in a real browser, under the hub's own
Content-Security-Policy: every script and style comes from the hub, nothing breaks the policy
(a violation is a console error), and the pages work — GraphiQL runs a query, Swagger UI shows
the endpoints of the OpenAPI document."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Console, save_screenshots


def test_graphiql_loads_and_runs_a_query_within_the_policy(page: Page, hub: str, console: Console) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{hub}/graphql")

    editor = page.locator(".graphiql-query-editor .CodeMirror")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("{ __typename")
    page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()

    expect(page.locator(".result-window")).to_contain_text('"__typename": "Query"')
    save_screenshots(page, "graphiql")
    assert not console.errors, "GraphiQL: the browser console shows errors:\n" + "\n".join(console.errors)
    assert all(url.startswith(hub) for url in requested), [u for u in requested if not u.startswith(hub)]


def test_the_api_documentation_loads_within_the_policy(page: Page, hub: str, console: Console) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{hub}/docs")

    expect(page.get_by_role("heading", name="V-loket hub")).to_be_visible()
    expect(page.locator("#operations-default-graphql")).to_be_visible()
    save_screenshots(page, "api-docs")
    assert not console.errors, "/docs: the browser console shows errors:\n" + "\n".join(console.errors)
    assert all(url.startswith(hub) for url in requested), [u for u in requested if not u.startswith(hub)]
