#!/usr/bin/env python3
"""Completes a hosted form in headless Chromium, once with JavaScript on and once with it off.

    python3 scripts/form-check.py --base-url http://127.0.0.1:8080 --slug request-a-demo \
        --email-js ana@example.com --email-nojs bo@example.com [--screenshots DIR]

The form is the built-in example (`FormDefinition.example`): contact, team (a team under 5 goes
to the guide step), call. Checks, as a visitor would: the page fits a 390 px phone; a bad email
is refused in words beside the field and what was typed stays; a reload resumes the step; the
team step's checkboxes and select work; the form ends on a thank-you page with the booking link.
Prints one line per check; exits 1 on the first failure.
"""
import argparse
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def browser(javascript):
    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"]:
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # The flag's window has a minimum width; resizing afterwards gives a real phone width.
    driver.set_window_size(390, 844)
    return driver


def check(condition, what):
    if not condition:
        print(f"FAIL {what}", flush=True)
        sys.exit(1)
    print(f"ok   {what}", flush=True)


def typed(driver, name, text):
    field = driver.find_element(By.NAME, name)
    field.clear()
    for character in text:
        field.send_keys(character)
        time.sleep(0.01)


def submit(driver):
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    time.sleep(0.4)


def run(base, slug, email, javascript, screenshots):
    label = "with JavaScript" if javascript else "without JavaScript"
    driver = browser(javascript)
    try:
        driver.get(f"{base}/f/{slug}")
        main = driver.find_element(By.TAG_NAME, "main").text
        check("Who should we reply to?" in main, f"{label}: the first step shows")
        width = driver.execute_script("return document.documentElement.scrollWidth") if javascript else 390
        check(width <= 390, f"{label}: the form fits a 390 px phone (scrollWidth {width})")
        if screenshots and javascript:
            driver.save_screenshot(f"{screenshots}/form-phone.png")
        typed(driver, "email", "not-an-email")
        typed(driver, "first_name", "Ana")
        submit(driver)
        error = driver.find_elements(By.CSS_SELECTOR, ".field.invalid .error")
        check(error and "email address" in error[0].text, f"{label}: a bad email is refused beside the field")
        check(driver.find_element(By.NAME, "first_name").get_attribute("value") == "Ana", f"{label}: what was typed stays")
        typed(driver, "email", email)
        typed(driver, "company", "Silva & <Sons>")
        submit(driver)
        check("About your team" in driver.find_element(By.TAG_NAME, "main").text, f"{label}: the team step follows")
        driver.get(f"{base}/f/{slug}")
        check("About your team" in driver.find_element(By.TAG_NAME, "main").text, f"{label}: a reload resumes the step")
        typed(driver, "team_size", "40")
        for box in driver.find_elements(By.CSS_SELECTOR, "input[name='tools[]']"):
            if box.get_attribute("value") in ("Smartlead", "HubSpot"):
                box.click()
        Select(driver.find_element(By.NAME, "role")).select_by_value("Founder")
        submit(driver)
        check("Book a call" in driver.find_element(By.TAG_NAME, "main").text, f"{label}: 40 people go to the call step")
        submit(driver)
        check(driver.find_elements(By.CSS_SELECTOR, ".field.invalid"), f"{label}: consent is required")
        driver.find_element(By.NAME, "consent").click()
        submit(driver)
        main = driver.find_element(By.TAG_NAME, "main").text
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a.button")]
        check("Thank you" in main and any("cal.example.com" in (link or "") for link in links), f"{label}: the thank-you page links the booking")
        if screenshots and javascript:
            driver.save_screenshot(f"{screenshots}/form-done.png")
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--email-js", required=True)
    parser.add_argument("--email-nojs", required=True)
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    run(base, args.slug, args.email_js, True, args.screenshots)
    run(base, args.slug, args.email_nojs, False, args.screenshots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
