import { test } from '@playwright/test';
test('baseline', async ({ page }) => {
  await page.setContent('<div id=s style="height:600px;overflow:auto;contain:strict"><div style="height:720000px;background:linear-gradient(#fff,#eee)"></div></div>');
  for (let run = 0; run < 2; run++) {
  const r = await page.evaluate(async () => {
    const list = document.getElementById('s')!;
    const frame = () => new Promise<number>((res) => requestAnimationFrame(res));
    let last = await frame(); let worst = 0; const slow: number[] = [];
    for (let i = 0; i < 1000; i++) {
      list.scrollTop += 720;
      const now = await frame();
      if (now - last > 20) slow.push(Math.round(now - last));
      worst = Math.max(worst, now - last); last = now;
    }
    return { worst, slow };
  });
  console.log(JSON.stringify(r));
  }
});
