Feature: Executions that wait
  Each scenario starts one execution that waits 5 seconds, then checks its result: the run's wall
  time is the waiting, not the work.

  Scenario Outline: Execution <n> succeeds after its wait
    When the state machine "wait-five" is started with input:
      """
      { "n": <n> }
      """
    Then the execution succeeds within 30 seconds
    And the execution output contains:
      """
      { "n": <n> }
      """

    Examples:
      |  n |
      |  1 |
      |  2 |
      |  3 |
      |  4 |
      |  5 |
      |  6 |
      |  7 |
      |  8 |
      |  9 |
      | 10 |
      | 11 |
      | 12 |
      | 13 |
      | 14 |
      | 15 |
      | 16 |
      | 17 |
      | 18 |
      | 19 |
      | 20 |
      | 21 |
      | 22 |
      | 23 |
      | 24 |
      | 25 |
      | 26 |
      | 27 |
      | 28 |
      | 29 |
      | 30 |
      | 31 |
      | 32 |
      | 33 |
      | 34 |
      | 35 |
      | 36 |
      | 37 |
      | 38 |
      | 39 |
      | 40 |
