#!/usr/bin/env python3
"""Drives the dashboard in headless Chromium (Selenium + chromium-driver from Debian).

    python3 scripts/browser-check.py --base-url http://127.0.0.1:8080 \
        --admin EMAIL:PASSWORD --setter EMAIL:PASSWORD [--screenshots DIR]

Checks, as a user would: log in; the inbox lists pending drafts and shows a lead named
`<img src=x onerror=alert(1)>` as text, with no dialog; open a pending draft, approve it, edit
it, send it; a setter cannot open the settings. With --screenshots, saves inbox.png and
draft.png there. Prints one line per check; exits 1 on the first failure.
"""
import argparse
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


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

        # The oldest pending one on the page (the XSS lead, newest, stays in the inbox).
        rows = driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
        pending = [row for row in rows if row.find_elements(By.TAG_NAME, "td")[5].text == "pending"]
        check(len(pending) > 0, "some drafts are pending")
        click_and_wait(driver, pending[-1].find_element(By.TAG_NAME, "a"))
        check("/drafts/" in driver.current_url, "opens a pending draft")
        if args.screenshots:
            driver.save_screenshot(f"{args.screenshots}/draft.png")
        click_and_wait(driver, button(driver, "Approve"))
        check("Approved." in driver.find_element(By.CSS_SELECTOR, ".notice").text, "approves the draft")
        area = driver.find_element(By.NAME, "body")
        area.clear()
        area.send_keys("Hi,\n\nTuesday at 3pm works for us; I will send an invite.\n\nBest,\nSam")
        click_and_wait(driver, button(driver, "Save edit"))
        check("Saved." in driver.find_element(By.CSS_SELECTOR, ".notice").text, "edits the draft")
        click_and_wait(driver, button(driver, "Send"))
        check("Sent." in driver.find_element(By.CSS_SELECTOR, ".notice").text and "sent" in driver.find_element(By.TAG_NAME, "main").text,
              "sends the edited draft")

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
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
