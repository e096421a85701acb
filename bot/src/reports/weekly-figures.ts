import { SERVICE_CODES, type ServiceCode } from "@xks/shared/api/common";

/** One unit's figures for one week, every merged predecessor's counted in. */
export interface UnitWeekFigures {
  people: number;
  logs: number;
  peopleByService: Record<ServiceCode, number>;
  requestsReceived: number;
  requestsClaimed: number;
  requestsDone: number;
  /** asked → claimed of the requests claimed this week, in milliseconds (the median is taken at the end). */
  responseTimesMs: number[];
  newFollowers: number;
  checklistsDone: number;
}

export function emptyFigures(): UnitWeekFigures {
  return {
    people: 0,
    logs: 0,
    peopleByService: Object.fromEntries(SERVICE_CODES.map((code) => [code, 0])) as Record<ServiceCode, number>,
    requestsReceived: 0,
    requestsClaimed: 0,
    requestsDone: 0,
    responseTimesMs: [],
    newFollowers: 0,
    checklistsDone: 0,
  };
}

/** Adds `b` into `a` (for the total row). */
export function addFigures(a: UnitWeekFigures, b: UnitWeekFigures): UnitWeekFigures {
  const peopleByService = { ...a.peopleByService };
  for (const code of SERVICE_CODES) peopleByService[code] += b.peopleByService[code];
  return {
    people: a.people + b.people,
    logs: a.logs + b.logs,
    peopleByService,
    requestsReceived: a.requestsReceived + b.requestsReceived,
    requestsClaimed: a.requestsClaimed + b.requestsClaimed,
    requestsDone: a.requestsDone + b.requestsDone,
    responseTimesMs: [...a.responseTimesMs, ...b.responseTimesMs],
    newFollowers: a.newFollowers + b.newFollowers,
    checklistsDone: a.checklistsDone + b.checklistsDone,
  };
}

/** The median of the values (the mean of the middle two for an even count); null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Percent of the weekly target reached, one decimal; null without a target. */
export function targetPercent(people: number, target: number): number | null {
  return target > 0 ? Math.round((people / target) * 1000) / 10 : null;
}
