#!/usr/bin/env python3
"""Drives the dashboard in headless Chromium (Selenium + chromium-driver from Debian).

    python3 scripts/browser-check.py --base-url http://127.0.0.1:8080 \
        --admin EMAIL:PASSWORD --setter EMAIL:PASSWORD [--screenshots DIR]

Checks, as a user would: log in; the inbox lists pending drafts and shows a lead named
`<img src=x onerror=alert(1)>` as text, with no dialog; search and filters; a superseded draft
shows its badge and cannot be sent; edit a draft and press Approve (the edit is kept), then send
it; the `j`, `o` and `a` keys select, open and approve; a missing draft is an HTML 404; no page scrolls sideways at 390 px and the usage charts'
labels stay readable there; a
report on the insights page; a setter cannot open the settings, and chooses their own time zone
(the draft's time follows). With --screenshots, saves
inbox.png, draft.png and phone screenshots there. Prints one line per check; exits 1 on the first failure.
"""
import argparse
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def browser():
    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check(condition, what):
    if not condition:
        print(f"FAIL {what}", flush=True)
        sys.exit(1)
    print(f"ok   {what}", flush=True)


def no_alert(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def click_and_wait(driver, element):
    """Clicks a link or a form button and waits until the next page has loaded.

    The old page is marked first; the new page is the one without the mark. (Waiting for the
    clicked element to go stale can trip over Chromium's own "node does not belong to the
    document" error in the middle of the navigation.)"""
    driver.execute_script("window.__replywrightOldPage = true")
    element.click()

    def loaded(d):
        try:
            return d.execute_script("return window.__replywrightOldPage === undefined && document.readyState === 'complete'")
        except WebDriverException:
            return False  # mid-navigation

    WebDriverWait(driver, 15).until(loaded)


def button(driver, text):
    return driver.find_element(By.XPATH, f"//button[text()='{text}']")


def login(driver, base, credentials):
    email, password = credentials.split(":", 1)
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--admin", required=True)
    parser.add_argument("--setter", required=True)
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    driver = browser()
    try:
        login(driver, base, args.admin)
        check(driver.current_url.endswith("/drafts"), "admin logs in and lands on the inbox")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
        check(len(rows) > 0, f"the inbox lists pending drafts ({len(rows)})")
        check("<img src=x onerror=alert(1)>" in driver.find_element(By.TAG_NAME, "main").text,
              "a lead named <img src=x onerror=alert(1)> shows as text")
        check(no_alert(driver) and not driver.find_elements(By.CSS_SELECTOR, "main img"), "no dialog opened, no image injected")
        if args.screenshots:
            driver.save_screenshot(f"{args.screenshots}/inbox.png")

        # Search and filters: the XSS lead by part of its name; a filter nothing matches.
        box = driver.find_element(By.NAME, "q")
        box.send_keys("onerror")
        click_and_wait(driver, button(driver, "Show"))
        rows = driver.find_elements(By.CSS_SELECTOR, "table.inbox tbody tr")
        check(len(rows) == 1 and "onerror" in rows[0].text, f"search finds the one lead it names ({len(rows)} row)")
        driver.get(base + "/drafts?intent=unsubscribe")
        check("No draft matches these filters." in driver.find_element(By.TAG_NAME, "main").text, "a filter nothing matches says so")
        driver.get(base + "/drafts?tab=superseded")
        stale = driver.find_elements(By.CSS_SELECTOR, "table.inbox tbody tr a")
        check(len(stale) == 1, "the superseded tab lists the stale draft")
        click_and_wait(driver, stale[0])
        check(driver.find_elements(By.CSS_SELECTOR, ".badge.stale") and not driver.find_elements(By.XPATH, "//button[text()='Send']"),
              "a stale draft shows its badge and offers no Send")

        # Edit, then Approve: the edit is kept (it used to be lost), and the next draft opens.
        driver.get(base + "/drafts")
        first = driver.find_elements(By.CSS_SELECTOR, "table.inbox tbody tr a")[0]
        draft_url = first.get_attribute("href")
        click_and_wait(driver, first)
        if args.screenshots:
            driver.save_screenshot(f"{args.screenshots}/draft.png")
        edited = "Hi,\n\nTuesday at 3pm works for us; I will send an invite.\n\nBest,\nSam"
        area = driver.find_element(By.NAME, "body")
        area.clear()
        area.send_keys(edited)
        click_and_wait(driver, button(driver, "Approve"))
        check("Approved with your edit." in driver.find_element(By.CSS_SELECTOR, ".notice").text, "Approve takes the edited text")
        check(driver.current_url != draft_url, "and the next draft opens")
        driver.get(draft_url)
        check(driver.find_element(By.NAME, "body").get_attribute("value") == edited, "the edit is stored")
        click_and_wait(driver, button(driver, "Send"))
        check("Sent." in driver.find_element(By.CSS_SELECTOR, ".notice").text, "sends the edited draft")
        driver.get(draft_url)
        # " · sent" exactly: "approved, not sent yet" must not count.
        check(" · sent" in driver.find_element(By.CSS_SELECTOR, "main p.muted").text, "the draft shows it was sent")

        # Keyboard: `j` selects the first row, `o` opens it, `a` approves the open draft.
        driver.get(base + "/drafts")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.inbox tbody tr a")
        check(len(rows) > 0, "another draft waits")
        keyed_url = rows[0].get_attribute("href")

        def press(key):
            driver.execute_script("window.__replywrightOldPage = true")
            driver.find_element(By.TAG_NAME, "body").send_keys(key)

        def wait_for_new_page():
            WebDriverWait(driver, 15).until(
                lambda d: d.execute_script("return window.__replywrightOldPage === undefined && document.readyState === 'complete'"))

        driver.find_element(By.TAG_NAME, "body").send_keys("j")
        check("selected" in driver.find_elements(By.CSS_SELECTOR, "table.inbox tbody tr")[0].get_attribute("class"), "the j key selects the first row")
        press("o")
        wait_for_new_page()
        check(driver.current_url == keyed_url, "the o key opens it")
        press("a")
        wait_for_new_page()
        check("Approved." in driver.find_element(By.CSS_SELECTOR, ".notice").text, "the a key approves")
        driver.get(keyed_url)
        check(" · approved, not sent yet" in driver.find_element(By.CSS_SELECTOR, "main p.muted").text, "and the draft is approved")

        # A mistyped dashboard URL is a page, not JSON.
        driver.get(base + "/drafts/no-such-draft")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Not found", "a missing draft is an HTML 404 page")

        # Phone width: no page scrolls sideways.
        driver.set_window_size(390, 844)
        for path in ["/drafts", draft_url.replace(base, ""), "/leads", "/settings", "/settings/knowledge", "/settings/prompts", "/usage",
                     "/settings/users", "/insights", "/account/password"]:
            driver.get(base + path)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            check(width <= 390, f"{path} fits a 390 px phone (scrollWidth {width})")
            if path == "/usage":
                # The chart drawn for a phone is the one shown, its labels at a readable size.
                label_px = driver.execute_script(
                    "const svg = [...document.querySelectorAll('svg.chart')].find(s => s.getBoundingClientRect().width > 0);"
                    "return svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 11 : 0;")
                check(label_px >= 10, f"the usage charts' labels are readable on a phone ({label_px:.1f} px)")
            if args.screenshots and path in ["/drafts", "/settings", "/usage"]:
                driver.save_screenshot(f"{args.screenshots}/phone{path.replace('/', '-')}.png")
        driver.get(draft_url)
        driver.find_element(By.CSS_SELECTOR, "h1 a").click()
        WebDriverWait(driver, 15).until(lambda d: "/leads/" in d.current_url)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 390, f"the lead page fits a 390 px phone (scrollWidth {width})")
        driver.set_window_size(1280, 900)

        # Insights: a report over the last days (the draft just sent is in it), bad input kept
        # in plain words, and no sideways scroll on a phone.
        driver.get(base + "/insights")
        today = time.strftime("%Y-%m-%d", time.gmtime())
        week_ago = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 7 * 86400))
        for name, value in [("from", today), ("to", week_ago)]:
            driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.NAME, name), value)
        click_and_wait(driver, button(driver, "Build report"))
        check("The first day must come before the last day." in driver.find_element(By.TAG_NAME, "main").text,
              "a reversed range is refused in plain words")
        for name, value in [("from", week_ago), ("to", today)]:
            driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.NAME, name), value)
        click_and_wait(driver, button(driver, "Build report"))
        main = driver.find_element(By.TAG_NAME, "main").text
        check("Messages sent" in main and driver.find_elements(By.CSS_SELECTOR, "svg.chart.rates"), "builds a report with its charts")
        driver.set_window_size(390, 844)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 390, f"the insights page fits a 390 px phone (scrollWidth {width})")
        driver.set_window_size(1280, 900)

        login(driver, base, args.setter)
        check(driver.current_url.endswith("/drafts"), "setter logs in")
        check(not driver.find_elements(By.LINK_TEXT, "Settings"), "setter sees no Settings link")
        driver.get(base + "/settings")
        check("Admins only" in driver.find_element(By.TAG_NAME, "h1").text, "setter cannot open the settings")
        driver.get(base + "/insights")
        check("Messages sent" in driver.find_element(By.TAG_NAME, "main").text and not driver.find_elements(By.XPATH, "//form[contains(@action, 'synthesis')]"),
              "a setter sees the report but cannot write its synthesis")

        # A setter in another zone picks their own: the pages' times follow, the workspace's do not change.
        driver.get(base + "/account/password")
        Select(driver.find_element(By.NAME, "timeZone")).select_by_value("America/New_York")
        click_and_wait(driver, driver.find_element(By.XPATH, "//form[@action='/account/time-zone']//button"))
        check("Times are shown in America/New York." in driver.find_element(By.CSS_SELECTOR, ".notice").text, "a setter chooses their own time zone")
        driver.get(draft_url)
        written = driver.find_element(By.CSS_SELECTOR, "main p.muted").text
        check(written.endswith("EST") or written.endswith("EDT") or written.endswith("GMT-5") or written.endswith("GMT-4"), f"and the draft's time is in it ({written.split(' · ')[-1]})")
        driver.get(base + "/account/password")
        Select(driver.find_element(By.NAME, "timeZone")).select_by_value("")
        click_and_wait(driver, driver.find_element(By.XPATH, "//form[@action='/account/time-zone']//button"))
        check("workspace's time zone" in driver.find_element(By.CSS_SELECTOR, ".notice").text, "and goes back to the workspace's")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
