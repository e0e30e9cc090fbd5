@selftest
Feature: The gate refuses a release with a failing critical scenario

  @severity:critical @req=DL-900
  Scenario: A critical check fails
    Then the table "reference.securities" has 999 rows

  @severity:normal @req=DL-901
  Scenario: A normal check passes
    Then the table "reference.securities" has 8 rows
