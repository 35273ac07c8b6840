// Every `(dittofeed-…)` binding in this file is wrong: run.mjs checks that ngc (strict templates)
// reports an error on each of those lines and nowhere else.
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'dittofeed-embed';
import type { DittofeedErrorDetail } from 'dittofeed-embed';

@Component({
  selector: 'app-rejected',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<dittofeed-embed
    (dittofeed-resize)="onError($event)"
    (dittofeed-error)="height = $event.detail.height"
  ></dittofeed-embed>`,
})
export class Rejected {
  protected height = 0;
  protected onError(event: CustomEvent<DittofeedErrorDetail>): void {
    console.log(event.detail.code);
  }
}
