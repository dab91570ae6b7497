import type { GetStaticPaths } from 'astro';
import { periodTablePaths } from '../../../../lib/csv-route.ts';
import { siteData } from '../../../../lib/site-data.ts';
import { meetingView } from '../../../../views/meeting-view.ts';

/** The CSV download of each table on each meeting view. */
export const getStaticPaths = (() => periodTablePaths(siteData(), meetingView)) satisfies GetStaticPaths;

export { GET } from '../../../../lib/csv-route.ts';
