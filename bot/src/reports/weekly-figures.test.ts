import { describe, expect, it } from "vitest";
import { addFigures, emptyFigures, median, targetPercent } from "./weekly-figures.ts";

describe("weekly figures", () => {
  it("takes the median of odd and even counts, none for no values", () => {
    expect(median([6, 2, 4])).toBe(4);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("reads the target as a percentage with one decimal, none without a target", () => {
    expect(targetPercent(10, 40)).toBe(25);
    expect(targetPercent(7, 30)).toBe(23.3);
    expect(targetPercent(5, 0)).toBeNull();
  });

  it("adds two units' figures, service by service, keeping every response time for the median", () => {
    const a = { ...emptyFigures(), people: 3, responseTimesMs: [1] };
    a.peopleByService.VNEID = 3;
    const b = { ...emptyFigures(), people: 2, requestsDone: 1, responseTimesMs: [5] };
    b.peopleByService.VNEID = 1;
    b.peopleByService.CASHLESS = 2;
    const sum = addFigures(a, b);
    expect(sum).toMatchObject({ people: 5, requestsDone: 1, responseTimesMs: [1, 5] });
    expect(sum.peopleByService).toMatchObject({ VNEID: 4, CASHLESS: 2, OTHER: 0 });
  });
});
