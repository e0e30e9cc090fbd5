@selftest
Feature: A known issue is listed, and does not block the release

  @severity:critical @req=DL-900 @known-issue=DL-999
  Scenario: A critical check fails, known and accepted
    Then the table "reference.securities" has 999 rows

  @severity:normal @req=DL-901
  Scenario: A normal check passes
    Then the table "reference.securities" has 8 rows
