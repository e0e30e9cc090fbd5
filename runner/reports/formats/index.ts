import type { ReportFormat } from '../report-format';
import { allure } from './allure';
import { junit } from './junit';
import { cucumberMessages } from './cucumber-messages';

/** The report formats every run writes besides run.json and the sign-off, in the order their links are listed. */
export const REPORT_FORMATS: readonly ReportFormat[] = [allure, junit, cucumberMessages];
