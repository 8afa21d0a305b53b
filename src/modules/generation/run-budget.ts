import { reservationTimeoutSeconds } from '../usage/index.ts';

/** How often a generation's job is retried after its first run, and how long one run may take. */
export const retryLimit = 3;
export const expireInSeconds = 15 * 60;
/** Longer than every attempt of the job could take: a generation still running after this has lost its job. */
export const abandonedAfterSeconds = expireInSeconds * (retryLimit + 1) + 15 * 60;

/** How far the clocks of the processes that request, run and sweep may disagree. */
const clockSkewAllowanceSeconds = 15 * 60;

/**
 * A generation that starts this long after it was requested holds its reservation again for the
 * run; a younger one's reservation outlives every run its job can still make, so it needs no
 * statement for it.
 */
export const holdReservationAfterMs = (reservationTimeoutSeconds - abandonedAfterSeconds - clockSkewAllowanceSeconds) * 1000;
