// Allure for the scenarios. Importing allure-cucumberjs turns on the Allure runtime API
// (allure-js-commons: label, link, attachment, step); without it those calls do nothing.
import 'allure-cucumberjs';
import { Before } from '@cucumber/cucumber';
import { label } from 'allure-js-commons';
import { SCENARIO_ID_LABEL } from '../../model/allure-labels';

// Marks the Allure result with the scenario's pickle id, so that the reports can later add what
// only the whole run knows (failure category, known issue) to the right result. The hook name is
// the one allure-cucumberjs reserves for hooks that must not appear as a set-up step; it also makes
// the label land on the test itself.
Before({ name: 'ALLURE_FIXTURE_IGNORE' }, async function ({ pickle }) {
  await label(SCENARIO_ID_LABEL, pickle.id);
});
