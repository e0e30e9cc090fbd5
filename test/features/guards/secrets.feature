@selftest
Feature: Secrets never reach logs, attachments or reports

  Scenario: A step that handles credentials and a secret variable, then fails
    When a step attaches the session credentials and the variable "PF_TEST_API_TOKEN", then fails naming them
