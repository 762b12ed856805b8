import { describe, expect, it } from 'vitest';
import { VIEWS, navSections, type ViewEntry } from './views';

describe('navSections', () => {
  it('lists every screen once, in its section', () => {
    const listed = navSections().flatMap((s) => s.entries.map((e) => e.id));
    expect([...listed].sort()).toEqual(VIEWS.map((v) => v.id).sort());
    expect(navSections()[0].label).toBe('Suivi');
    expect(navSections()[0].entries[0].id).toBe('inbox');
  });

  it('puts a screen no section names under the last one, and drops empty sections', () => {
    const extra = { id: 'nouveau', label: 'Nouveau', hint: '', icon: '' } as unknown as ViewEntry;
    const sections = navSections([VIEWS[0], extra]);
    expect(sections.map((s) => [s.label, s.entries.map((e) => e.id as string)])).toEqual([
      ['Suivi', ['inbox']],
      ['Vigie', ['nouveau']],
    ]);
  });
});
