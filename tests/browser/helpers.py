"""Steps a person takes in the browser, shared by the browser tests."""

PASSWORD = "browser-test-pw-1"


def log_in(page, username, check_accessible=None):
    page.goto("/accounts/login/")
    if check_accessible:
        check_accessible(page, "login")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    click_and_load(page, "main button[type=submit]")
    assert "/accounts/login/" not in page.url


def click_and_load(page, target):
    """Click a link or a form's button (a selector or a locator) and wait for the page it leads to.

    A bare click returns as soon as the click is dispatched, and wait_for_load_state() can answer for the page
    being left; on a busy machine the next assertion then reads the old page."""
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)  # the first match, as page.click does (a locator would insist on one)
        else:
            target.click()


def open_navigation(page):
    """On a phone the navigation is folded behind its menu button (rake.js): open it, as a person would."""
    toggle = page.locator(".rake-nav__toggle")
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def tick(page, selector):
    """Tick a checkbox or radio button the way a person does: by its label (HDS styles the input)."""
    input_id = page.get_attribute(selector, "id")
    page.click(f"label[for='{input_id}']")
    assert page.is_checked(selector)


def member(username, organisation, role):
    """A user who logs in with PASSWORD and holds `role` in `organisation`."""
    from rake.accounts import services as accounts

    user = accounts.user_get_or_create(username=username, password=PASSWORD, email=f"{username}@example.com")
    accounts.membership_grant(user=user, organisation=organisation, role=role)
    return user
