// Angular strict templates type `$event` of <dittofeed-embed> events from HTMLElementTagNameMap and
// GlobalEventHandlersEventMap (declared by `dittofeed-embed`). This component must compile.
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'dittofeed-embed';
import type { DittofeedErrorDetail, DittofeedResizeDetail } from 'dittofeed-embed';

@Component({
  selector: 'app-typed',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<dittofeed-embed
    type="journeys"
    [tokenRequestInit]="init"
    (dittofeed-resize)="onResize($event)"
    (dittofeed-error)="onError($event)"
    (dittofeed-navigate)="path = $event.detail.path"
  ></dittofeed-embed>`,
})
export class Typed {
  protected readonly init: RequestInit = { credentials: 'include' };
  protected height = 0;
  protected path = '';
  protected onResize(event: CustomEvent<DittofeedResizeDetail>): void {
    this.height = event.detail.height;
  }
  protected onError(event: CustomEvent<DittofeedErrorDetail>): void {
    console.log(event.detail.code);
  }
}
