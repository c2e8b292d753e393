"""A brand made for the test that proves the seam: its folder and INSTALLED_APPS are all it
takes (tests/brandkit/test_a_brand_plugs_in.py)."""
