/** Labels postflight adds to Allure results beyond those the tags give. */

/** The cucumber pickle id, set while the scenario runs: ties an Allure result to its ScenarioResult. Hidden in the report. */
export const SCENARIO_ID_LABEL = 'postflight-scenario-id';

/** product defect | test defect | environment/infrastructure, set on every scenario that did not pass. */
export const FAILURE_CATEGORY_LABEL = 'failure category';

/** The id of a `@known-issue=ID` tag: the failure is known and does not count against the quality gate. */
export const KNOWN_ISSUE_LABEL = 'known issue';
